// Helpers the ViT scene's browser tests share (vit.test.mjs, vit_checkpoint.test.mjs).
import { nextFrames } from './lib.mjs';
import { itemBox } from './figures.mjs';

// Clicks the vit scene's toolbar button "Open image or checkpoint..." (found where the app
// says it drew it, debugInfo().items) and gives the browser's file chooser `files` (a path, or
// {name, mimeType, buffer}). ImGui sees a press only when the mouse is there a frame before it
// goes down.
export async function chooseWithOpenButton(page, files) {
  const chooser = page.waitForEvent('filechooser', { timeout: 15000 });
  const open = await itemBox(page, '#canvas', 'button', 'open');
  if (!open) throw new Error('the vit scene did not report its Open button');
  await page.mouse.move(open.cx, open.cy);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 2);
  await page.mouse.up();
  await (await chooser).setFiles(files);
}

// Whether any of `before`'s top classes changed probability by more than `tolerance` in
// `after` (getState() of the vit scene; a class that left the top-5 counts as 0).
export function topMoved(before, after, tolerance) {
  const probs = (s) => Object.fromEntries(s.top.map((t) => [t.index, t.prob]));
  const b = probs(before), a = probs(after);
  return Object.keys(b).some((k) => Math.abs((a[k] ?? 0) - b[k]) > tolerance);
}
