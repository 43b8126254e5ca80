// Helpers the ViT scene's browser tests share (vit.test.mjs, vit_checkpoint.test.mjs).
import { nextFrames } from './lib.mjs';

// Clicks the vit scene's toolbar button "Open image or checkpoint..." and gives the browser's
// file chooser `files` (a path, or {name, mimeType, buffer}). At 1280x800 the button's centre
// is (540, 95) of the canvas (build/test-shots/vit/open-file-seven.png shows the layout); ImGui
// sees a press only when the mouse is there a frame before it goes down.
export async function chooseWithOpenButton(page, files) {
  const chooser = page.waitForEvent('filechooser', { timeout: 15000 });
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.move(box.x + 540, box.y + 95);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 2);
  await page.mouse.up();
  await (await chooser).setFiles(files);
}
