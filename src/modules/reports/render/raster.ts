// SVG charts as PNG for DOCX, which Word and LibreOffice both show without SVG support.
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES } from './fonts.js';

export interface Raster {
  png: Buffer;
  width: number;
  height: number;
}

// Rasterising a chart takes 100-250 ms of CPU (drawing and PNG encoding), and a chart depends only
// on the report's figures: the same annex rendered again, or in a second format, draws the same
// SVG. A render worker keeps the last few rasters by their SVG (bounded in count and in size).
const CACHE_ENTRIES = 8;
const CACHE_MAX_SVG = 256 * 1024;
const rasters = new Map<string, Raster>();

export function svgToPng(svg: string, scale = 2): Raster {
  const key = `${scale}\n${svg}`;
  const hit = rasters.get(key);
  if (hit) {
    rasters.delete(key);
    rasters.set(key, hit);
    return hit;
  }
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: [FONT_FILES.regular, FONT_FILES.bold], defaultFontFamily: FONT_FAMILY },
  });
  const image = resvg.render();
  const raster = { png: image.asPng(), width: image.width / scale, height: image.height / scale };
  if (svg.length <= CACHE_MAX_SVG) {
    if (rasters.size >= CACHE_ENTRIES) rasters.delete(rasters.keys().next().value as string);
    rasters.set(key, raster);
  }
  return raster;
}
