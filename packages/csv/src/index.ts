export { csvBool, csvInt, csvNumber } from './cells.js';
export {
  type CsvColumns,
  importRejected,
  type ParsedRow,
  type ParseResult,
  parseCsvRows,
} from './parse-rows.js';
export { toCsv } from './to-csv.js';
