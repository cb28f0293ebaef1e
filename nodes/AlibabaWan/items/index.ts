/**
 * Output items: the one JSON shape of a task, error items, and result images as n8n binary
 * data, shared by the node and the trigger.
 */
export type { Downloader, ImageSlot } from './downloads';
export { createDownloader } from './downloads';
export { binaryPropertyOption, maxImageMbOption, outputModeField } from './fields';
export { imageItems, imageJson } from './images';
export { compact, errorItem, statusFlags, taskJson } from './json';
export { mapItems } from './perItem';
export type { OutputMode, OutputSettings } from './settings';
export { OUTPUT_LIMITS, readOutputSettings } from './settings';
