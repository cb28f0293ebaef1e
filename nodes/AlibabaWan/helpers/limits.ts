/** Limits every model shares (Model Studio API references of Wan 2.5, 2.6 and 2.7); per-model ones are in models.ts. */
export const LIMITS = {
	negativePromptChars: 500,
	seed: { min: 0, max: 2147483647 },
} as const;
