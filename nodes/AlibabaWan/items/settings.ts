import type { IDataObject } from 'n8n-workflow';

import { checkNumber, checkOption, checkText } from '../helpers/checks';
import type { HasNode } from '../helpers/nodeError';

/** Bounds checked at run time: expressions bypass the editor's. */
export const OUTPUT_LIMITS = { maxImageMb: { min: 1, max: 1024, fallback: 50 } };

export const OUTPUT_MODES = ['perImage', 'perTask'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

/** What becomes of a finished task's images: the same fields on the node and the trigger. */
export interface OutputSettings {
	download: boolean;
	outputMode: OutputMode;
	binaryProperty: string;
	maxImageBytes: number;
}

/**
 * Output, Binary Field Name and Max Image Size, checked. `outputMode` is the Output field's value
 * and `options` the collection holding the other two (Wait Options on the node, Options on the trigger).
 */
export function readOutputSettings(
	ctx: HasNode,
	download: boolean,
	outputMode: unknown,
	options: IDataObject,
): OutputSettings {
	return {
		download,
		outputMode: download
			? checkOption(ctx, 0, 'Output', outputMode ?? 'perImage', OUTPUT_MODES)
			: 'perImage',
		binaryProperty: checkText(ctx, 0, 'Binary Field Name', options.binaryProperty ?? 'data', {
			required: true,
			advice: 'Name the binary field for the images, e.g. data.',
		}) as string,
		maxImageBytes:
			checkNumber(
				ctx,
				0,
				'Max Image Size (MB)',
				options.maxImageMb,
				OUTPUT_LIMITS.maxImageMb,
				'Set the largest image to accept in MB, e.g. 50 (at most 1024).',
			) *
			1024 *
			1024,
	};
}
