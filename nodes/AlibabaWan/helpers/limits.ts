/** Limits every model shares (Model Studio API references of Wan 2.5, 2.6 and 2.7); per-model ones are in models.ts. */
export const LIMITS = {
	negativePromptChars: 500,
	seed: { min: 0, max: 2147483647 },
} as const;

/** The Size presets of the editor for Wan 2.5 (width*height), checked again at run time. */
export const SIZE_PRESETS = ['1696*960', '1472*1104', '1104*1472', '960*1696', '1024*1024', '1280*1280'] as const;
