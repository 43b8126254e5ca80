// Types of vitplay's embed API: vitplay-embed.js (the global VitPlay and <vitplay-figure>),
// vitplay-embed.mjs (the same as an ES module) and embed.html's postMessage protocol.

/** Scene names, in the article's order. */
export type SceneName =
  | 'self-attention' | 'multi-head' | 'encoder' | 'decoder' | 'embedding'
  | 'positional-encoding' | 'cnn-vs-attention' | 'training' | 'vit';
export type Lang = 'en' | 'zh';

/** One matrix of a trace step: rows of numbers (null stands for -infinity, a masked score). */
export interface TraceMatrix {
  name: string;
  shape: [number, number];
  data: (number | null)[][];
  row_labels?: string[];
  col_labels?: string[];
}

/** One step of the scene's computation, as the figure shows it. */
export interface TraceStep {
  id: string;
  title: string;
  formula: string;
  inputs?: TraceMatrix[];
  outputs?: TraceMatrix[];
}

/** getState(): where the figure is, and the scene's own state (its trace, inputs, ...). */
export interface FigureState {
  scene: SceneName;
  /** from 1 */
  step: number;
  steps: number;
  lang: Lang;
  /** what the last options, attributes or URL parameters refused ("" when nothing was) */
  notice: string;
  /** the share query of what is on screen: scene=...&step=...&lang=...&state=v1.... */
  query: string;
  trace?: { name: string; steps: TraceStep[] };
  training?: Record<string, unknown>;
  [sceneState: string]: unknown;
}

/** VitPlay.create's options (the same as <vitplay-figure>'s attributes). */
export interface FigureOptions {
  scene?: SceneName | string;
  step?: number | string;
  lang?: Lang | string;
  /** a share link's state: "v1.<base64url JSON>" */
  state?: string;
  /** CSS pixels, 150 to 4000 */
  height?: number | string;
  /** the folder with vitplay.js, vitplay.wasm, vitplay.data (default: next to the embed script) */
  base?: string;
  /** a whole query (scene=...&step=...) instead of the four options above */
  query?: string;
  /** the figure fills its element (embed.html) */
  fill?: boolean;
}

export type FigureEvent = 'ready' | 'step' | 'change';
export type FigureListener = (state: FigureState) => void;

/** What the figure's calls have in common (the figure object and <vitplay-figure>). */
export interface FigureMethods {
  /** Rejects (with the reason) and changes nothing when the value is refused. */
  setScene(name: SceneName | string): Promise<FigureState>;
  setStep(step: number | string): Promise<FigureState>;
  setLang(lang: Lang | string): Promise<FigureState>;
  /** One input of the scene, e.g. setMatrix('x', [[1, 0, 1, 0]]); names: see getState(). */
  setMatrix(name: string, rows: number[][]): Promise<FigureState>;
  /** The vit scene: an image (or a checkpoint, a config) as if dropped on the figure. */
  openFile(file: Blob, name?: string): Promise<FigureState>;
  /** null until the figure runs */
  getState(): FigureState | null;
  /** for tests and measurements, not a stable API */
  debugInfo(): Record<string, unknown> | null;
}

/** VitPlay.create's result. */
export interface Figure extends FigureMethods {
  readonly ready: Promise<Figure>;
  readonly element: Element;
  /** CSS pixels, 150 to 4000; throws on another value */
  setHeight(height: number | string): void;
  on(type: FigureEvent, listener: FigureListener): Figure;
  off(type: FigureEvent, listener: FigureListener): Figure;
  destroy(): void;
}

/** <vitplay-figure scene step lang state height base>: attributes are live. */
export interface VitplayFigureElement extends HTMLElement, FigureMethods {
  readonly ready: Promise<VitplayFigureElement>;
  /** what the element refused of its attributes ("" when nothing), as shown under it */
  readonly notice: string;
  on(type: FigureEvent, listener: FigureListener): VitplayFigureElement;
  off(type: FigureEvent, listener: FigureListener): VitplayFigureElement;
}

/** Bytes the page already holds, by file name: 'vitplay.wasm', 'vitplay.data', 'data/...'. */
export type PreloadedFiles = Record<string, ArrayBuffer | ArrayBufferView>;

export interface VitPlayApi {
  create(element: Element, options?: FigureOptions): Figure;
  /** starts a figure for each [data-vitplay-scene] element under root that has none */
  scan(root?: ParentNode): void;
  /** the state in words, as the screen reader hears it */
  describe(state: FigureState): string;
  preload(files: PreloadedFiles): void;
  /** the folder the embed script was loaded from */
  readonly baseUrl: string;
}

declare const VitPlay: VitPlayApi;
export default VitPlay;
export const create: VitPlayApi['create'];
export const scan: VitPlayApi['scan'];
export const preload: VitPlayApi['preload'];
export const describe: VitPlayApi['describe'];

// ---- embed.html in an iframe: iframe.contentWindow.postMessage(request, '*') ----
export type EmbedMethod = 'setScene' | 'setStep' | 'setLang' | 'setMatrix' | 'getState' | 'openFile';
export interface EmbedRequest {
  vitplay: EmbedMethod;
  args?: unknown[];
  /** echoed in the reply */
  id?: number | string;
}
export type EmbedReply =
  | { vitplay: 'result'; id?: number | string; ok: true; value: FigureState | null }
  | { vitplay: 'result'; id?: number | string; ok: false; error: string };
/** events the iframe sends its parent; their states leave out the trace */
export interface EmbedEvent {
  vitplay: FigureEvent;
  state: Omit<FigureState, 'trace'> | null;
}
export type EmbedMessage = EmbedReply | EmbedEvent;

declare global {
  interface Window { VitPlay: VitPlayApi }
  interface HTMLElementTagNameMap { 'vitplay-figure': VitplayFigureElement }
  interface HTMLElementEventMap {
    'vitplay-ready': CustomEvent<FigureState>;
    'vitplay-step': CustomEvent<FigureState>;
    'vitplay-change': CustomEvent<FigureState>;
  }
}
