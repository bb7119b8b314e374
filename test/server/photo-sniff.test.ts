import { effectiveContentType, sniffImage } from '../../adapters/webchat/photo';

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([1, 2, 3, 4]), Buffer.from('WEBPVP8 ')]);
const gif = Buffer.from('GIF89a....');

describe('photo sniffing', () => {
  it('knows JPEG, PNG and WebP by their magic bytes', () => {
    expect(sniffImage(jpeg)).toBe('image/jpeg');
    expect(sniffImage(png)).toBe('image/png');
    expect(sniffImage(webp)).toBe('image/webp');
    expect(sniffImage(gif)).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });

  it('passes the sniffed type only when the declared type agrees', () => {
    expect(effectiveContentType('image/jpeg', jpeg)).toBe('image/jpeg');
    expect(effectiveContentType('image/jpg', jpeg)).toBe('image/jpeg');
    expect(effectiveContentType('IMAGE/PNG; charset=binary', png)).toBe('image/png');
    expect(effectiveContentType('image/png', jpeg)).toBe('application/octet-stream');
    expect(effectiveContentType('image/gif', gif)).toBe('application/octet-stream');
  });
});
