/**
 * The one model table: per Wan image-editing model, the route it is created on, how its body is
 * built and its results read (the API family), and the limits checked before any paid request.
 *
 * Sources: Alibaba Cloud Model Studio API references "Wan image editing" (wan2.5-i2i-preview),
 * "Wan 2.6 - image generation and editing" and "Wan2.7 - image generation and editing"
 * (alibabacloud.com/help/en/model-studio), the Qwen Cloud API reference and guide for the same
 * models (docs.qwencloud.com), the official agent skill github.com/QwenCloud/qwencloud-ai.
 * Where those are silent (marked UNCERTAIN) the safer value is taken; change it here only.
 */

import type { ModelApi } from '../transport';

/*
 * The api picks the route, the body and where results are read:
 * 'synthesis' (Wan 2.5): POST /services/aigc/image2image/image-synthesis, input.prompt +
 *   input.images, results in output.results[].url;
 * 'messages' (Wan 2.6, 2.7): POST /services/aigc/image-generation/generation,
 *   input.messages[0].content = [{text}, {image}, ...], results in output.choices[].message.content[].image.
 * A task query answers in the shape of its model; parseTask reads both.
 */

export interface ModelLimits {
	api: ModelApi;
	/** Shown in errors, e.g. "Wan 2.7 (wan2.7-image)". */
	label: string;
	promptChars: number;
	imageBytes: number;
	imageSide: { min: number; max: number };
	/** Reference images on Fuse (Edit always sends one). */
	fuse: { min: number; max: number };
	n: { min: number; max: number };
	/** Total pixels of a width*height size, and its aspect ratio (width/height). */
	sizePixels: { min: number; max: number };
	aspect: { min: number; max: number };
	/** Size presets the service names ("1K", "2K"); none for Wan 2.5. */
	sizePresets: readonly string[];
	/** Options the model takes; the others are hidden in the editor and never sent. */
	negativePrompt: boolean;
	promptExtend: boolean;
	boxes: boolean;
	/** Parameters always sent for editing (Wan 2.6: not the interleaved text-and-image mode). */
	editing: Readonly<Record<string, boolean>>;
}

const MB = 1024 * 1024;

const WAN25: ModelLimits = {
	api: 'synthesis',
	label: 'Wan 2.5',
	promptChars: 2000,
	imageBytes: 10 * MB,
	imageSide: { min: 384, max: 5000 },
	fuse: { min: 2, max: 3 },
	n: { min: 1, max: 4 },
	sizePixels: { min: 768 * 768, max: 1280 * 1280 },
	aspect: { min: 1 / 4, max: 4 },
	sizePresets: [],
	negativePrompt: true,
	promptExtend: true,
	boxes: false,
	editing: {},
};

const WAN26: ModelLimits = {
	...WAN25,
	api: 'messages',
	label: 'Wan 2.6',
	imageSide: { min: 240, max: 8000 },
	fuse: { min: 2, max: 4 },
	sizePixels: { min: 768 * 768, max: 2048 * 2048 },
	// Aspect: UNCERTAIN for editing; Wan 2.5's 1:4 to 4:1 (also Wan 2.6 text-to-image's bounds).
	sizePresets: ['1K', '2K'],
	editing: { enable_interleave: false },
};

const WAN27: ModelLimits = {
	...WAN26,
	label: 'Wan 2.7',
	// UNCERTAIN: 5000 per gateways' copies of the reference; the Wan 2.6 limit is 2000.
	promptChars: 5000,
	// UNCERTAIN: 20 MB per some copies, 10 MB per the official skill: the safe one.
	imageBytes: 10 * MB,
	fuse: { min: 2, max: 9 },
	// UNCERTAIN: 1:8 to 8:1 per gateways' copies of the reference.
	aspect: { min: 1 / 8, max: 8 },
	// Presets as Wan 2.6: 4K is text-to-image only (Pro), editing stops at 2K.
	// Neither is in an official Wan 2.7 parameter list: not offered.
	negativePrompt: false,
	promptExtend: false,
	boxes: true,
	editing: {},
};

export const MODELS: Record<string, ModelLimits> = {
	'wan2.5-i2i-preview': WAN25,
	'wan2.6-image': WAN26,
	'wan2.7-image': WAN27,
	'wan2.7-image-pro': { ...WAN27, label: 'Wan 2.7 Pro' },
};

/** Every image-editing model this package offers: what the trigger watches unless told otherwise. */
export const EDITING_MODELS = Object.keys(MODELS).join(', ');

/** What saved workflows of the first node version ran with (they store no model). */
export const LEGACY_MODEL = 'wan2.5-i2i-preview';
/** New nodes: the newest, cheapest documented model, and the one that takes 9 references. */
export const NEW_NODE_MODEL = 'wan2.7-image';

/**
 * A model id typed by the user (a model released later on one of the two routes): the
 * messages family for "wanX.Y-image..." ids from 2.6 on (as n8n's own Alibaba node decides),
 * the image-to-image route otherwise. Limits are those of the nearest known model.
 */
export function modelLimits(model: string): ModelLimits {
	const id = model.trim().toLowerCase();
	const known = MODELS[id];
	if (known) return known;
	const version = /^wan(\d+(?:\.\d+)?)/.exec(id);
	if (version && Number(version[1]) >= 2.6 && id.includes('-image') && !id.includes('-t2i')) {
		return { ...(Number(version[1]) >= 2.7 ? WAN27 : WAN26), label: model };
	}
	return { ...WAN25, label: model };
}

/** "Wan 2.7 (wan2.7-image)" or the custom id alone. */
export function modelName(model: string): string {
	const limits = modelLimits(model);
	return limits.label === model ? model : `${limits.label} (${model})`;
}
