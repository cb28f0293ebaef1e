import type { HasNode } from '../helpers/nodeError';
import { failParameter } from '../helpers/nodeError';
import type { PreparedImage } from './images';

/**
 * Wan 2.7 interactive editing (parameters.bbox_list): per input image, in image order, a list of
 * boxes [x1, y1, x2, y2] in pixels of that image, top-left to bottom-right; [] for an image
 * without boxes. Official example (Alibaba Cloud Wan 2.7 reference, DashScope Java SDK sample):
 * two images and [[], [[989, 515, 1138, 681]]] with "put the clock of image 1 at the boxed
 * position in image 2". UNCERTAIN: pixel units (inferred from that example), boxes per image.
 */
const FIELD = 'Edit Boxes';

/** An Edit Boxes value for `images` images marking one region of the last: [[[120, 80, 560, 420]]] for one. */
export function boxesExample(images: number): string {
	return `[${[...Array<string>(Math.max(images - 1, 0)).fill('[]'), '[[120, 80, 560, 420]]'].join(', ')}]`;
}

const advice = (images?: number) =>
	`Write one list per image, in image order, of boxes [x1, y1, x2, y2] in pixels, e.g. ${
		images === undefined
			? `${boxesExample(1)} for one region of a single image (Edit), ${boxesExample(2)} for one region of image 2 of two`
			: `${boxesExample(images)} to mark one region of image ${images}`
	}; [] (the default) sends no boxes.`;

const isBox = (box: unknown): box is number[] =>
	Array.isArray(box) &&
	box.length === 4 &&
	box.every((v) => Number.isInteger(v) && v >= 0) &&
	box[0] < box[2] &&
	box[1] < box[3];

/** The option as JSON text (or a list from an expression), checked for shape; [] (the default) is none. */
export function readBoxes(ctx: HasNode, i: number, raw: unknown): number[][][] | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			failParameter(ctx.getNode(), i, `${FIELD} is not valid JSON`, advice());
		}
	}
	if (Array.isArray(value) && value.length === 0) return undefined;
	if (!Array.isArray(value) || !value.every((boxes) => Array.isArray(boxes))) {
		failParameter(
			ctx.getNode(),
			i,
			`${FIELD} must be a list with one list of boxes per image`,
			advice(),
		);
	}
	for (const [image, boxes] of (value as unknown[][]).entries()) {
		const bad = boxes.findIndex((box) => !isBox(box));
		if (bad >= 0) {
			failParameter(
				ctx.getNode(),
				i,
				`${FIELD}: box ${bad + 1} of image ${image + 1} is not [x1, y1, x2, y2] with whole pixels and x1 < x2, y1 < y2`,
				advice(),
			);
		}
	}
	return value as number[][][];
}

/** One entry per image, every box inside its image when its size is known (URLs are not fetched). */
export function checkBoxesFit(
	ctx: HasNode,
	i: number,
	boxes: number[][][] | undefined,
	images: Array<PreparedImage['summary']>,
): void {
	if (!boxes) return;
	if (boxes.length !== images.length) {
		failParameter(
			ctx.getNode(),
			i,
			`${FIELD} has ${boxes.length} entries for ${images.length} image(s): it needs one per image`,
			advice(images.length),
		);
	}
	for (const [index, image] of images.entries()) {
		const outside = boxes[index].findIndex(
			(box) =>
				image.width !== undefined &&
				image.height !== undefined &&
				(box[2] > image.width || box[3] > image.height),
		);
		if (outside >= 0) {
			failParameter(
				ctx.getNode(),
				i,
				`${FIELD}: box ${outside + 1} of image ${index + 1} reaches outside the image (${image.width}×${image.height} px)`,
				advice(images.length),
			);
		}
	}
}
