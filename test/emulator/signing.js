'use strict';

// Result links signed like OSS URLs: anyone holding the whole URL may download until Expires;
// no Authorization header. The secret is per emulator instance.
const crypto = require('crypto');
const { RESULT_URL } = require('./facts');

function createSigner(secret = crypto.randomBytes(32)) {
	const sign = (path, expires) =>
		crypto.createHmac('sha256', secret).update(`${path}\n${expires}`).digest('hex');
	return {
		/** Signed URL for a result that expires at `expiresAtMs` (whole seconds, rounded up). */
		url(origin, taskId, index, expiresAtMs) {
			const path = `/results/${taskId}/${index}.png`;
			const expires = Math.ceil(expiresAtMs / 1000);
			return `${origin}${path}?Expires=${expires}&OSSAccessKeyId=${RESULT_URL.accessKeyId}&Signature=${sign(path, expires)}`;
		},
		/** 'ok' | 'badSignature' | 'expired' */
		check(path, query, now) {
			const expires = query.get('Expires') || '';
			const given = Buffer.from(query.get('Signature') || '', 'utf8');
			const wanted = Buffer.from(sign(path, expires), 'utf8');
			if (
				!/^\d+$/.test(expires) ||
				given.length !== wanted.length ||
				!crypto.timingSafeEqual(given, wanted)
			)
				return 'badSignature';
			if (Number(expires) * 1000 <= now) return 'expired';
			return 'ok';
		},
	};
}

module.exports = { createSigner };
