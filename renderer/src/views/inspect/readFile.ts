// Moved to lib/ (Inspect, Requests, Install and Setup.bin read files the same way); InspectView, being edited on
// the chain-repair work, still imports it from here.
export { readOpenedFile } from '../../lib/readFile';
