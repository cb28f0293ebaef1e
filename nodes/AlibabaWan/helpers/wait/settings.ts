import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { failParameter } from '../nodeError';

export interface WaitSettings {
	wait: boolean;
	maxWaitMs: number;
	/** undefined: the automatic schedule. */
	intervalMs?: number;
	onTimeout: 'error' | 'returnStatus';
	cancelOnStop: boolean;
	download: boolean;
	outputMode: 'perImage' | 'perTask';
	binaryProperty: string;
	maxImageBytes: number;
}

/** The batch's wait settings, read from the first item: one poll loop serves the whole batch. */
export function readWaitSettings(this: IExecuteFunctions): WaitSettings {
	const wait = this.getNodeParameter('waitForCompletion', 0, true) as boolean;
	const options = (wait ? this.getNodeParameter('waitOptions', 0, {}) : {}) as IDataObject;
	const download = wait && (this.getNodeParameter('downloadImages', 0, true) as boolean);
	const binaryProperty = String(options.binaryProperty ?? 'data').trim();
	if (!binaryProperty) {
		failParameter(this.getNode(), 0, 'Binary Field Name is empty', 'Name the binary field for the images, e.g. data.');
	}
	const interval = Number(options.pollIntervalSeconds ?? 0);
	return {
		wait,
		maxWaitMs: Math.max(1, Number(options.maxWaitSeconds ?? 600)) * 1000,
		intervalMs: interval > 0 ? interval * 1000 : undefined,
		onTimeout: options.onTimeout === 'returnStatus' ? 'returnStatus' : 'error',
		cancelOnStop: options.cancelOnStop !== false,
		download,
		outputMode: download && this.getNodeParameter('outputMode', 0, 'perImage') === 'perTask' ? 'perTask' : 'perImage',
		binaryProperty,
		maxImageBytes: Math.max(1, Number(options.maxImageMb ?? 50)) * 1024 * 1024,
	};
}
