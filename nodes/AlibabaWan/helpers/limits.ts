/** The service's documented limits (Model Studio API reference for wan2.5-i2i-preview), checked before any paid request. */
export const LIMITS = {
	promptChars: 2000,
	negativePromptChars: 500,
	imageBytes: 10 * 1024 * 1024,
	imageSide: { min: 384, max: 5000 },
	sizePixels: { min: 768 * 768, max: 1280 * 1280 },
	aspect: { min: 1 / 4, max: 4 },
	images: { edit: 1, fuseMin: 2, fuseMax: 3 },
	n: { min: 1, max: 4 },
	seed: { min: 0, max: 2147483647 },
} as const;

export const DEFAULT_MODEL = 'wan2.5-i2i-preview';

/** The Size presets of the editor (width*height), checked again at run time. */
export const SIZE_PRESETS = ['1696*960', '1472*1104', '1104*1472', '960*1696', '1024*1024', '1280*1280'] as const;
