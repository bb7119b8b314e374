/** Real images made by sharp, carrying the metadata a phone camera writes (EXIF with GPS, XMP). */
import sharp from 'sharp';

const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Resident</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>';
const EXIF = {
  IFD0: { Make: 'AcmePhone', Model: 'Secret Model 9', Artist: 'Jane Resident' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 2600/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 3900/100' },
};

/**
 * A `width` x `height` photo (left half red, right half blue) with EXIF GPS, a camera make and
 * XMP, and EXIF orientation `orientation` (6: the viewer must turn it 90 degrees clockwise).
 */
export async function photoWithGps(format: 'jpeg' | 'png' | 'webp', opts: { width?: number; height?: number; orientation?: number } = {}): Promise<Buffer> {
  const width = opts.width ?? 64;
  const height = opts.height ?? 32;
  const half = Math.floor(width / 2);
  const left = await sharp({ create: { width: half, height, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toBuffer();
  const base = sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 255 } } }).composite([{ input: left, left: 0, top: 0 }]);
  const encoded = await base.toFormat(format).toBuffer();
  return sharp(encoded)
    .toFormat(format)
    .withMetadata({ orientation: opts.orientation ?? 1 })
    .withExifMerge(EXIF)
    .withXmp(XMP)
    .toBuffer();
}

/** True when the buffer carries any of the metadata WeGov strips. */
export async function carriesMetadata(data: Buffer): Promise<{ exif: boolean; xmp: boolean; iptc: boolean; icc: boolean; text: boolean }> {
  const m = await sharp(data).metadata();
  const raw = data.toString('latin1');
  return {
    exif: m.exif !== undefined,
    xmp: m.xmp !== undefined,
    iptc: m.iptc !== undefined,
    icc: m.icc !== undefined,
    // Belt and braces: none of the planted strings survives anywhere in the file.
    text: /AcmePhone|Jane Resident|Secret Model/.test(raw),
  };
}

export const NO_METADATA = { exif: false, xmp: false, iptc: false, icc: false, text: false };
