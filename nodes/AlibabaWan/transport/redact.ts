/**
 * Text from the service (or anything on the way to it) is untrusted: a gateway may echo the
 * request, the key included, and a message may be megabytes long. Everything the node copies
 * from an answer into an output, an error or a log line passes through here first.
 */

/** Service-provided text in a message or an output field is cut here. */
export const SERVICE_TEXT_MAX = 1000;
/** Any string of an answer (a signed URL with a security token can be a few KB). */
const BODY_STRING_MAX = 16_384;
const MARK = '[redacted]';

// A bearer token or an Authorization header however it is quoted: never a real value to show.
const AUTH_PATTERNS: RegExp[] = [
	/\bBearer\s+[^\s"'<>,;]+/gi,
	/(authorization["']?\s*[:=]\s*["']?)(?!bearer\b)[^\s"'<>,;]+/gi,
];

export type Redact = (text: string) => string;

/** A redactor for the given secrets (the key as stored and as sent, the workspace id is not secret). */
export function redactor(secrets: string[]): Redact {
	const needles = [...new Set(secrets.flatMap((secret) => [secret, encodeURIComponent(secret)]))]
		// A short value would redact ordinary words; such keys are refused before any request anyway.
		.filter((secret) => secret.length >= 4)
		.sort((a, b) => b.length - a.length);
	return (text) => {
		let out = text;
		for (const needle of needles) out = out.split(needle).join(MARK);
		for (const pattern of AUTH_PATTERNS) {
			out = out.replace(pattern, (match, prefix?: string) =>
				typeof prefix === 'string' ? `${prefix}${MARK}` : `Bearer ${MARK}`,
			);
		}
		return out;
	};
}

/** Cuts a text to `max` characters, saying how much was cut. */
export function capText(text: string, max = SERVICE_TEXT_MAX): string {
	return text.length <= max
		? text
		: `${text.slice(0, max)}… (${text.length - max} more characters cut)`;
}

/** A deep copy of an answer with every string redacted and capped (keys of objects included). */
export function sanitizeAnswer<T>(value: T, redact: Redact, depth = 0): T {
	if (typeof value === 'string') return capText(redact(value), BODY_STRING_MAX) as T;
	if (!value || typeof value !== 'object' || depth > 32)
		return (depth > 32 ? undefined : value) as T;
	if (Array.isArray(value))
		return value.map((entry: unknown) => sanitizeAnswer(entry, redact, depth + 1)) as T;
	return Object.fromEntries(
		Object.entries(value as Record<string, unknown>).map(([key, entry]) => [
			redact(key),
			sanitizeAnswer(entry, redact, depth + 1),
		]),
	) as T;
}
