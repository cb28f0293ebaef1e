import type { HasNode } from './nodeError';
import { failParameter } from './nodeError';

/**
 * The run-time checks, one per kind of parameter. Expression values bypass the editor's min/max,
 * option lists and types, so every parameter the node reads goes through one of these before
 * any paid request; each error names the field and says how to fix it.
 */

/** A value for a message: short, and never more than a line. */
function shown(value: unknown): string {
	const text =
		typeof value === 'string'
			? JSON.stringify(value)
			: value === undefined
				? 'nothing'
				: (JSON.stringify(value) ?? String(value));
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export interface NumberRule {
	min: number;
	max: number;
	integer?: boolean;
	/** Used when the field is empty or absent; without it an empty field is an error. */
	fallback?: number;
}

/** A number within [min, max]; numeric text is accepted (expressions often yield text). */
export function checkNumber(
	ctx: HasNode,
	i: number,
	field: string,
	value: unknown,
	rule: NumberRule,
	advice: string,
): number {
	if ((value === undefined || value === null || value === '') && rule.fallback !== undefined)
		return rule.fallback;
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const ok =
		typeof number === 'number' &&
		Number.isFinite(number) &&
		number >= rule.min &&
		number <= rule.max &&
		(!rule.integer || Number.isInteger(number));
	if (!ok) {
		failParameter(
			ctx.getNode(),
			i,
			`${field} must be a ${rule.integer ? 'whole number' : 'number'} from ${rule.min} to ${rule.max} (got ${shown(value)})`,
			advice,
		);
	}
	return number as number;
}

export interface TextRule {
	/** Characters (not UTF-16 units: the service counts an emoji as one). */
	max?: number;
	required?: boolean;
	/** Characters allowed, and what to say when another one is found. */
	charset?: { pattern: RegExp; explain: string };
	/** Why the text exists, said when it is missing or not text. */
	advice: string;
}

// Nothing a reader (or the model) would see: controls, format characters (zero-width space,
// joiners, BOM, bidi marks), separators and whitespace.
const INVISIBLE = /[\p{C}\p{Z}\s]/gu;

/**
 * A text parameter, trimmed: objects, lists and booleans are refused (numbers become text),
 * and so is a text of invisible characters only. Returns undefined when optional and empty.
 */
export function checkText(
	ctx: HasNode,
	i: number,
	field: string,
	value: unknown,
	rule: TextRule,
): string | undefined {
	if (
		value !== undefined &&
		value !== null &&
		typeof value !== 'string' &&
		typeof value !== 'number'
	) {
		failParameter(
			ctx.getNode(),
			i,
			`${field} must be text, not ${kindOf(value)}`,
			`${rule.advice} If it comes from an expression, make the expression return text (e.g. a field of $json, not the whole item).`,
		);
	}
	const text = String(value ?? '').trim();
	if (!text) {
		if (rule.required) failParameter(ctx.getNode(), i, `${field} is empty`, rule.advice);
		return undefined;
	}
	// Zero-width spaces or a BOM alone look empty to a person but reach the service (and are paid for).
	if (!text.replace(INVISIBLE, '')) {
		failParameter(
			ctx.getNode(),
			i,
			`${field} has only invisible characters (${[...text].length}, e.g. zero-width spaces)`,
			`${rule.advice} Remove the invisible characters.`,
		);
	}
	const bad = rule.charset && [...text].findIndex((char) => !rule.charset?.pattern.test(char));
	if (rule.charset && bad !== undefined && bad >= 0) {
		failParameter(
			ctx.getNode(),
			i,
			`${field} has a character that is not allowed at position ${bad + 1}`,
			rule.charset.explain,
		);
	}
	const length = [...text].length;
	if (rule.max !== undefined && length > rule.max) {
		failParameter(
			ctx.getNode(),
			i,
			`${field} is ${length} characters long: the limit is ${rule.max}`,
			`Shorten the ${field.toLowerCase()} to at most ${rule.max} characters (the service would silently cut the rest).`,
		);
	}
	return text;
}

/** One of a fixed list of values (the editor's option list does not bind expressions). */
export function checkOption<T extends string>(
	ctx: HasNode,
	i: number,
	field: string,
	value: unknown,
	options: readonly T[],
): T {
	if (typeof value !== 'string' || !options.includes(value as T)) {
		failParameter(
			ctx.getNode(),
			i,
			`${field} must be one of ${options.join(', ')} (got ${shown(value)})`,
			`Pick ${field} from its list, or make the expression return one of those values exactly.`,
		);
	}
	return value as T;
}

/** A switch: true or false, also as the text "true"/"false" an expression may yield. */
export function checkBoolean(
	ctx: HasNode,
	i: number,
	field: string,
	value: unknown,
	fallback: boolean,
): boolean {
	if (value === undefined || value === null || value === '') return fallback;
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	return failParameter(
		ctx.getNode(),
		i,
		`${field} must be true or false (got ${shown(value)})`,
		`Turn ${field} on or off, or make the expression return true or false.`,
	);
}
