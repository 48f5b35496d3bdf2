// The renderers whose libraries (docx, pdfmake with its fonts, exceljs) are large: loaded only
// where they run – in the worker threads, or on first use when there is no pool.
export { renderDocx } from './docx.js';
export { renderPdf } from './pdf.js';
export { renderXlsx } from './xlsx.js';
