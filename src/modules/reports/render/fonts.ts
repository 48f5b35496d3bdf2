// The fonts every document embeds: DejaVu, shipped as an npm package so rendering needs nothing
// from the machine and no network. It has ä ö ü ß „ “ – and the symbols the reports use.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const FONT_FILES = {
  regular: join(dir, 'DejaVuSans.ttf'),
  bold: join(dir, 'DejaVuSans-Bold.ttf'),
  italic: join(dir, 'DejaVuSans-Oblique.ttf'),
  boldItalic: join(dir, 'DejaVuSans-BoldOblique.ttf'),
} as const;

export const FONT_FAMILY = 'DejaVu Sans';
