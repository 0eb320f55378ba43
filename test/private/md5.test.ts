import * as crypto from 'crypto';
import { md5Fallback, md5hex } from '../../src/private/md5';

describe('md5', () => {
  test.each(['', 'a', 'abc', 'message digest', '/path/to/test-image', 'x'.repeat(1000), 'ünïcödé ✓'])(
    'the pure-JS fallback equals node crypto for %p', (input) => {
      const expected = crypto.createHash('md5').update(input, 'utf8').digest('hex');
      expect(md5Fallback(Buffer.from(input, 'utf8'))).toEqual(expected);
      expect(md5hex(input)).toEqual(expected);
    });

  test('RFC 1321 test vector', () => {
    expect(md5Fallback(Buffer.from('abc'))).toEqual('900150983cd24fb0d6963f7d28e17f72');
  });
});
