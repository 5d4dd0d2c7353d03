// Pixel operations done the same way in the browser and in Node, so that both
// sides feed the networks identical input once an image is decoded.
import type { RgbImage } from "./types";

/** RGBA (canvas ImageData) to RGB. */
export function rgbaToRgb(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    data[j] = rgba[i];
    data[j + 1] = rgba[i + 1];
    data[j + 2] = rgba[i + 2];
  }
  return { data, width, height };
}

/**
 * Places the image in the middle of a larger canvas, `factor` times its size, filled
 * with the image's mean colour. Detectors are trained on faces with context around
 * them and miss most tight headshots (school ID photos); padding gives them that context.
 */
export function padImage(img: RgbImage, factor = 2): { image: RgbImage; offsetX: number; offsetY: number } {
  const width = Math.round(img.width * factor);
  const height = Math.round(img.height * factor);
  const offsetX = Math.floor((width - img.width) / 2);
  const offsetY = Math.floor((height - img.height) / 2);
  const mean = [0, 0, 0];
  for (let i = 0; i < img.data.length; i += 3) for (let c = 0; c < 3; c++) mean[c] += img.data[i + c];
  const pixels = img.width * img.height;
  const fill = mean.map((s) => Math.round(s / pixels));
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(fill, i);
  for (let y = 0; y < img.height; y++) {
    data.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((y + offsetY) * width + offsetX) * 3);
  }
  return { image: { data, width, height }, offsetX, offsetY };
}
