// The fonts every PDF embeds and every chart is drawn with: Arimo, metric-compatible with Arial
// (the DOCX names Arial, which every ministry PC has), so the PDF and the DOCX set the same text
// in the same widths and break it alike. Shipped as an npm package (OFL; the static TTF faces
// of @expo-google-fonts/arimo, one file per face with every script Arimo covers), so rendering
// needs nothing from the machine and no network. It has ä ö ü ß „ “ – ■ ● and U+FFFD.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const dir = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/arimo/package.json'));

export const FONT_FILES = {
  regular: join(dir, '400Regular', 'Arimo_400Regular.ttf'),
  bold: join(dir, '700Bold', 'Arimo_700Bold.ttf'),
  italic: join(dir, '400Regular_Italic', 'Arimo_400Regular_Italic.ttf'),
  boldItalic: join(dir, '700Bold_Italic', 'Arimo_700Bold_Italic.ttf'),
} as const;

export const FONT_FAMILY = 'Arimo';
