import type { IExecuteFunctions } from 'n8n-workflow';

import { checkOption, checkText } from '../helpers/checks';
import type { ImageInfo } from '../helpers/imageHeader';
import { readImageInfo } from '../helpers/imageHeader';
import type { HasNode } from '../helpers/nodeError';
import { failParameter } from '../helpers/nodeError';
import type { ModelLimits } from './models';

const IMAGE_SOURCES = ['binary', 'url', 'base64'] as const;
export type ImageSource = (typeof IMAGE_SOURCES)[number];

/** One image as the user described it in the node's parameters. */
export interface ImageSpec {
	source: ImageSource;
	binaryField?: string;
	url?: string;
	base64?: string;
}

/**
 * What is sent (`value()`, encoded only when called: the check pass before any create needs no
 * base64) and what the output may show about it (never the image data).
 */
export interface PreparedImage {
	value: () => string;
	summary: {
		source: ImageSource;
		field?: string;
		url?: string;
		mimeType?: string;
		width?: number;
		height?: number;
		bytes?: number;
	};
}

const MB = 1024 * 1024;

/** Format, size and dimensions as the service checks them, named after the field at fault. */
function checkImageBytes(
	ctx: HasNode,
	itemIndex: number,
	label: string,
	data: Buffer,
	limits: ModelLimits,
): ImageInfo {
	if (data.length === 0)
		failParameter(
			ctx.getNode(),
			itemIndex,
			`${label} is empty`,
			'Pass a JPEG, PNG, BMP or WEBP image.',
		);
	if (data.length > limits.imageBytes) {
		failParameter(
			ctx.getNode(),
			itemIndex,
			`${label} is ${(data.length / MB).toFixed(1)} MB: the limit of ${limits.label} is ${limits.imageBytes / MB} MB`,
			'Resize or compress the image (for example with the Edit Image node) before this node.',
		);
	}
	let info: ImageInfo | undefined;
	try {
		info = readImageInfo(data);
	} catch (error) {
		failParameter(
			ctx.getNode(),
			itemIndex,
			`${label} could not be read: ${(error as Error).message}`,
			'The file looks damaged or truncated. Pass a complete JPEG, PNG, BMP or WEBP image.',
		);
	}
	if (!info) {
		failParameter(
			ctx.getNode(),
			itemIndex,
			`${label} is not a JPEG, PNG, BMP or WEBP image`,
			'Convert the image to one of these formats first (GIF, HEIC, TIFF and others are not accepted by the service).',
		);
	}
	const { min, max } = limits.imageSide;
	if (info.width < min || info.height < min || info.width > max || info.height > max) {
		failParameter(
			ctx.getNode(),
			itemIndex,
			`${label} is ${info.width}×${info.height} px: for ${limits.label} width and height must each be between ${min} and ${max} px`,
			info.width < min || info.height < min
				? `Upscale the image so that its shorter side is at least ${min} px.`
				: `Downscale the image so that its longer side is at most ${max} px.`,
		);
	}
	const ratio = limits.imageAspect;
	if (ratio && Math.max(info.width / info.height, info.height / info.width) > ratio) {
		failParameter(
			ctx.getNode(),
			itemIndex,
			`${label} is ${info.width}×${info.height} px: for ${limits.label} the aspect ratio must be between 1:${ratio} and ${ratio}:1`,
			`Crop or pad the image so that its longer side is at most ${ratio} times its shorter side.`,
		);
	}
	return info;
}

function toDataUri(data: Buffer, info: ImageInfo): string {
	return `data:${info.mimeType};base64,${data.toString('base64')}`;
}

async function fromBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	field: string,
	limits: ModelLimits,
): Promise<PreparedImage> {
	const name = field.trim();
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	if (!name || !binary[name]) {
		const present = Object.keys(binary);
		failParameter(
			ctx.getNode(),
			itemIndex,
			`${label}: the input item has no binary field "${name}"`,
			present.length
				? `Its binary fields are: ${present.join(', ')}. Set "Binary Field" to one of them.`
				: 'The item carries no binary data. Add a node that loads the image (e.g. HTTP Request, Read/Write Files, Google Drive) before this one, or choose URL or Base64 as the image source.',
		);
	}
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
	const info = checkImageBytes(ctx, itemIndex, `${label} (binary field "${name}")`, data, limits);
	return {
		value: () => toDataUri(data, info),
		summary: {
			source: 'binary',
			field: name,
			mimeType: info.mimeType,
			width: info.width,
			height: info.height,
			bytes: data.length,
		},
	};
}

function fromUrl(ctx: HasNode, itemIndex: number, label: string, raw: string): PreparedImage {
	const url = raw.trim();
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !/^https?:$/.test(parsed.protocol)) {
		failParameter(
			ctx.getNode(),
			itemIndex,
			`${label}: "${url.slice(0, 100)}" is not an http(s) URL`,
			'Give a full URL starting with https:// that the service can download, or pass the image as binary data or base64 instead.',
		);
	}
	return { value: () => parsed.href, summary: { source: 'url', url: parsed.href } };
}

const BASE64_BODY = /^[A-Za-z0-9+/_-]+={0,2}$/;

function fromBase64(
	ctx: HasNode,
	itemIndex: number,
	label: string,
	raw: string,
	limits: ModelLimits,
): PreparedImage {
	const text = raw.trim();
	const match = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(text);
	if (match && !match[2]) {
		failParameter(
			ctx.getNode(),
			itemIndex,
			`${label}: the data URI is not base64-encoded`,
			'Use a data URI of the form data:image/png;base64,iVBORw0...',
		);
	}
	const body = (match ? match[3] : text).replace(/\s+/g, '');
	if (!body || body.length % 4 === 1 || !BASE64_BODY.test(body)) {
		failParameter(
			ctx.getNode(),
			itemIndex,
			`${label}: the base64 text does not decode`,
			'Pass the raw base64 of the image file (or a data:image/...;base64, URI) with no other text around it.',
		);
	}
	const data = Buffer.from(body, 'base64');
	const info = checkImageBytes(ctx, itemIndex, label, data, limits);
	return {
		value: () => toDataUri(data, info),
		summary: {
			source: 'base64',
			mimeType: info.mimeType,
			width: info.width,
			height: info.height,
			bytes: data.length,
		},
	};
}

/** Turns one image parameter into what the service accepts: a checked data URI, or an http(s) URL. */
export async function prepareImage(
	this: IExecuteFunctions,
	itemIndex: number,
	label: string,
	spec: ImageSpec,
	limits: ModelLimits,
): Promise<PreparedImage> {
	const source = checkOption(
		this,
		itemIndex,
		`${label}: Image Source`,
		spec.source ?? 'binary',
		IMAGE_SOURCES,
	);
	const given = (field: string, value: unknown) =>
		checkText(this, itemIndex, `${label}: ${field}`, value, {
			advice: `Give the ${field} as text.`,
		}) ?? '';
	switch (source) {
		case 'url':
			return fromUrl(this, itemIndex, label, given('URL', spec.url));
		case 'base64':
			return fromBase64(this, itemIndex, label, given('Base64', spec.base64), limits);
		default:
			return await fromBinary(
				this,
				itemIndex,
				label,
				given('Binary Field', spec.binaryField ?? 'data'),
				limits,
			);
	}
}
