// A tutorial page's script, typed against the package's declarations (vitplay-embed.d.ts):
// ci/test runs `tsc --noEmit` on it in a folder where the tarball was installed.
import VitPlay, { type Figure, type FigureState, type EmbedMessage, type EmbedRequest } from 'vitplay';

function softmaxRow(state: FigureState, row: number): (number | null)[] | undefined {
  const step = state.trace?.steps[state.step - 1];
  return step?.outputs?.find((m) => m.name === 'softmax')?.data[row];
}

export async function figureFromScript(host: HTMLElement): Promise<Figure> {
  const fig = VitPlay.create(host, { scene: 'self-attention', step: 4, lang: 'en', height: 420 });
  await fig.ready;
  fig.on('step', (s) => console.log(s.scene, s.step, 'of', s.steps, softmaxRow(s, 0)));
  await fig.setStep(5);
  await fig.setMatrix('x', [[1, 0, 1, 0], [0, 2, 0, 2], [1, 1, 1, 1]]);
  // @ts-expect-error setStep takes a number or a numeric string, not an object
  fig.setStep({ step: 3 });
  return fig;
}

export function figureFromElement(): void {
  const el = document.createElement('vitplay-figure');  // typed as VitplayFigureElement
  el.setAttribute('scene', 'multi-head');
  el.setAttribute('step', '3');
  document.body.append(el);
  el.addEventListener('vitplay-step', (e) => console.log(e.detail.step));
  el.ready.then((figure) => figure.setLang('zh')).then((s: FigureState) => console.log(s.lang, el.notice));
  const state: FigureState | null = el.getState();
  if (state) console.log(state.notice === '' ? 'no notice' : state.notice);
  // @ts-expect-error the element's events are ready, step and change
  el.on('resize', () => {});
}

export function figureInAnIframe(frame: HTMLIFrameElement): void {
  const request: EmbedRequest = { vitplay: 'setStep', args: [4], id: 1 };
  frame.contentWindow?.postMessage(request, '*');
  window.addEventListener('message', (e: MessageEvent<EmbedMessage>) => {
    const msg = e.data;
    if (msg.vitplay === 'result') console.log(msg.ok ? msg.value?.step : msg.error);
    else console.log(msg.vitplay, msg.state?.step);
  });
}

// the classic script's global is the same API
export const sameApi: typeof VitPlay = window.VitPlay;
