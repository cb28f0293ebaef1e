import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ImageSlot } from './downloads';
import { compact } from './json';
import type { OutputSettings } from './settings';

/** The binary field of a task's image: data, data_1, data_2, ... */
export const binaryKey = (base: string, index: number) => (index === 0 ? base : `${base}_${index}`);

/** One image as the output shows it (never its data); `withDownloadError` adds why it has no binary. */
export function imageJson(slot: ImageSlot, withDownloadError = false): IDataObject {
	return compact({
		index: slot.index,
		url: slot.url,
		fileName: slot.fileName,
		code: slot.code,
		message: slot.message,
		downloadError:
			withDownloadError && slot.downloadError ? (slot.downloadError as Error).message : undefined,
	});
}

/**
 * The items of a succeeded task whose images were downloaded: one per image, or one per task
 * with every image. `keepFailed`: an image whose download failed still makes an item (per image)
 * and its reason shows (the trigger: it fires anyway); otherwise the caller reports it.
 */
export function imageItems(
	json: IDataObject,
	slots: ImageSlot[],
	output: Pick<OutputSettings, 'outputMode' | 'binaryProperty'>,
	keepFailed: boolean,
): INodeExecutionData[] {
	if (output.outputMode === 'perTask') {
		const binary: Record<string, IBinaryData> = {};
		for (const slot of slots)
			if (slot.binary) binary[binaryKey(output.binaryProperty, slot.index)] = slot.binary;
		return [
			{ json: { ...json, images: slots.map((slot) => imageJson(slot, keepFailed)) }, binary },
		];
	}
	return slots
		.filter((slot) => slot.binary || (keepFailed && slot.url))
		.map((slot) => ({
			json: { ...json, image: imageJson(slot, keepFailed) },
			...(slot.binary && { binary: { [output.binaryProperty]: slot.binary } }),
		}));
}
