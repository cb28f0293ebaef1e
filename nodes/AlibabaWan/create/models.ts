/**
 * The one model table: per Wan image-editing model, the route it is created on, how its body is
 * built and its results read (the API family), the limits checked before any paid request, and
 * what the editor shows (the Model list, sizes, limits and hints derive from it). A new model is
 * one entry here, plus the emulator's facts.
 *
 * Sources: Alibaba Cloud Model Studio API references "Wan image editing" (wan2.5-i2i-preview),
 * "Wan 2.6 - image generation and editing" and "Wan2.7 - image generation and editing"
 * (alibabacloud.com/help/en/model-studio), the Qwen Cloud API reference and guide for the same
 * models (docs.qwencloud.com), the official agent skill github.com/QwenCloud/qwencloud-ai.
 * Where those are silent (marked UNCERTAIN) the safer value is taken; change it here only.
 */

import type { ModelApi, RegionKey } from '../transport';

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
	/** Shown in the editor and in errors, e.g. "Wan 2.7" ("Wan 2.7 (wan2.7-image)" with its id). */
	label: string;
	/** What the Model list says of it, after its exact id. */
	summary: string;
	promptChars: number;
	imageBytes: number;
	imageSide: { min: number; max: number };
	/** Longest side over shortest side an input image may have, where documented. */
	imageAspect?: number;
	/** Reference images on Fuse (Edit always sends one). */
	fuse: { min: number; max: number };
	n: { min: number; max: number };
	/** Total pixels of a width*height size, and its aspect ratio (width/height). */
	sizePixels: { min: number; max: number };
	aspect: { min: number; max: number };
	/** Size presets the service names ("1K", "2K"); none for Wan 2.5. */
	sizePresets: readonly string[];
	/** What the service makes when no size is sent, as the Size list explains it. */
	defaultSize: string;
	/** Named width*height choices of the Size list (models without presets). */
	sizeChoices: ReadonlyArray<{ name: string; value: string }>;
	/** Options the model takes; the others are hidden in the editor and never sent. */
	negativePrompt: boolean;
	promptExtend: boolean;
	boxes: boolean;
	/** Parameters always sent for editing (Wan 2.6: not the interleaved text-and-image mode). */
	editing: Readonly<Record<string, boolean>>;
	/**
	 * Where the model is served: `offered` per the sources, `uncertain` where they are silent (the
	 * request is sent and the service's refusal explained); any other region is refused before
	 * any request. A new region of Alibaba's: add it here (and to transport/regionTable.ts).
	 */
	regions: { offered: readonly RegionKey[]; uncertain: readonly RegionKey[] };
}

const MB = 1024 * 1024;

/** Limits every model shares (the Wan 2.5, 2.6 and 2.7 API references). */
export const SHARED_LIMITS = {
	negativePromptChars: 500,
	seed: { min: 0, max: 2147483647 },
} as const;

const WAN25: ModelLimits = {
	api: 'synthesis',
	label: 'Wan 2.5',
	summary: '1 to 3 images, up to 1280×1280 output',
	promptChars: 2000,
	imageBytes: 10 * MB,
	imageSide: { min: 384, max: 5000 },
	fuse: { min: 2, max: 3 },
	n: { min: 1, max: 4 },
	sizePixels: { min: 768 * 768, max: 1280 * 1280 },
	aspect: { min: 1 / 4, max: 4 },
	sizePresets: [],
	defaultSize: 'about 1280*1280 pixels in all, with the aspect ratio of the (last) input image',
	sizeChoices: [
		{ name: 'Landscape 16:9 (1696×960)', value: '1696*960' },
		{ name: 'Landscape 4:3 (1472×1104)', value: '1472*1104' },
		{ name: 'Portrait 3:4 (1104×1472)', value: '1104*1472' },
		{ name: 'Portrait 9:16 (960×1696)', value: '960*1696' },
		{ name: 'Square 1:1 (1024×1024)', value: '1024*1024' },
		{ name: 'Square 1:1 (1280×1280)', value: '1280*1280' },
	],
	negativePrompt: true,
	promptExtend: true,
	boxes: false,
	editing: {},
	// Documented in Singapore and Beijing only (Wan image-editing API reference).
	regions: {
		offered: ['singapore', 'beijing'],
		uncertain: ['virginia', 'hongkong', 'frankfurt', 'tokyo'],
	},
};

const WAN26: ModelLimits = {
	...WAN25,
	api: 'messages',
	label: 'Wan 2.6',
	summary: '1 to 4 images, 1K or 2K output',
	imageSide: { min: 240, max: 8000 },
	fuse: { min: 2, max: 4 },
	sizePixels: { min: 768 * 768, max: 2048 * 2048 },
	// Aspect: UNCERTAIN for editing; Wan 2.5's 1:4 to 4:1 (also Wan 2.6 text-to-image's bounds).
	sizePresets: ['1K', '2K'],
	defaultSize: '1K',
	sizeChoices: [],
	editing: { enable_interleave: false },
	// Singapore and Beijing (async and sync routes, Wan 2.6 API reference); Frankfurt per n8n's
	// built-in node ("Frankfurt only supports async Wan 2.6 image jobs", github.com/n8n-io/n8n/pull/37060);
	// Virginia lists only the sync route: UNCERTAIN, as Hong Kong and Tokyo.
	regions: {
		offered: ['singapore', 'beijing', 'frankfurt'],
		uncertain: ['virginia', 'hongkong', 'tokyo'],
	},
};

const WAN27: ModelLimits = {
	...WAN26,
	label: 'Wan 2.7',
	summary: '1 to 9 images, 1K or 2K output, edit boxes; faster',
	// UNCERTAIN: 5000 per gateways' copies of the reference; the Wan 2.6 limit is 2000.
	promptChars: 5000,
	// UNCERTAIN: 20 MB per some copies, 10 MB per the official skill: the safe one.
	imageBytes: 10 * MB,
	fuse: { min: 2, max: 9 },
	// UNCERTAIN: 1:8 to 8:1 per gateways' copies of the reference, for the size and the inputs.
	aspect: { min: 1 / 8, max: 8 },
	imageAspect: 8,
	// Presets as Wan 2.6: 4K is text-to-image only (Pro), editing stops at 2K.
	defaultSize: '2K',
	// negative_prompt: the official Qwen Cloud guide and its client send it for wan2.7 (500
	// characters, SHARED_LIMITS). prompt_extend is in no official Wan 2.7 list: not offered.
	negativePrompt: true,
	promptExtend: false,
	boxes: true,
	editing: {},
	// "The China (Beijing) and Singapore regions have separate API Keys": no other region is listed
	// (Wan 2.7 API reference, Nov 2026), so the others are refused before paying.
	regions: { offered: ['singapore', 'beijing'], uncertain: [] },
};

/** The models of the Model list, by exact id: the only place model ids are written. */
export const MODELS: Readonly<Record<string, ModelLimits>> = {
	'wan2.5-i2i-preview': WAN25,
	'wan2.6-image': WAN26,
	'wan2.7-image': WAN27,
	'wan2.7-image-pro': {
		...WAN27,
		label: 'Wan 2.7 Pro',
		summary: 'Like Wan 2.7, higher quality and price',
	},
};

/** Every image-editing model this package offers: what the trigger watches unless told otherwise. */
export const EDITING_MODELS = Object.keys(MODELS).join(', ');

/** What saved workflows of the first node version ran with (they store no model). */
export const LEGACY_MODEL = 'wan2.5-i2i-preview';
/** New nodes: the newest, cheapest documented model, and the one that takes 9 references. */
export const NEW_NODE_MODEL = 'wan2.7-image';

/** The ids of the listed models that satisfy `test`, e.g. those that take Edit Boxes. */
export function modelsWhere(test: (limits: ModelLimits) => boolean): string[] {
	return Object.entries(MODELS)
		.filter(([, limits]) => test(limits))
		.map(([id]) => id);
}

/** "Wan 2.5 and 2.6": labels of listed models, the shared prefix said once. */
export function labelsOf(ids: string[]): string {
	const labels = ids.map((id) => MODELS[id].label);
	const rest = labels.slice(1).map((label) => label.replace(/^Wan /, ''));
	return labels.length <= 1
		? (labels[0] ?? '')
		: `${[labels[0], ...rest.slice(0, -1)].join(', ')} and ${rest[rest.length - 1]}`;
}

/**
 * The listed models grouped by one of their facts, in list order: "2 to 3 for Wan 2.5, 2 to 4 for
 * Wan 2.6, 2 to 9 for Wan 2.7 and 2.7 Pro". Editor texts derive from the table this way.
 */
export function perModel(
	fact: (limits: ModelLimits) => string,
	joiner = ', ',
	only: (limits: ModelLimits) => boolean = () => true,
): string {
	const groups = new Map<string, string[]>();
	for (const id of modelsWhere(only))
		groups.set(fact(MODELS[id]), [...(groups.get(fact(MODELS[id])) ?? []), id]);
	return [...groups].map(([text, ids]) => `${text} for ${labelsOf(ids)}`).join(joiner);
}

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

/** Whether `region` serves the model: a custom model id is `uncertain` everywhere. */
export function regionVerdict(
	model: string,
	region: RegionKey,
): 'offered' | 'uncertain' | 'absent' {
	const known = MODELS[model.trim().toLowerCase()];
	if (!known) return 'uncertain';
	if (known.regions.offered.includes(region)) return 'offered';
	return known.regions.uncertain.includes(region) ? 'uncertain' : 'absent';
}

/** "Wan 2.7 (wan2.7-image)" or the custom id alone. */
export function modelName(model: string): string {
	const limits = modelLimits(model);
	return limits.label === model ? model : `${limits.label} (${model})`;
}
