import { type Gallery as GalleryBlock, mediaUrl } from "../../api/index.ts";
import { Picture } from "../../ui/Picture.tsx";

/** How wide a gallery's image is drawn: two columns on a phone, three in the page's column. */
const GALLERY_SIZES = "(min-width: 48rem) 15rem, 50vw";

/**
 * Images shown together, each with its caption and credit. Each opens larger: it links to the
 * full image, which works as plain HTML, before and without the app.
 */
export function Gallery({ gallery }: { gallery: GalleryBlock }) {
  const count = gallery.images.length;
  return (
    <figure className="gallery">
      {gallery.caption && <figcaption className="gallery-caption">{gallery.caption}</figcaption>}
      <ul className="gallery-grid">
        {gallery.images.map((image, index) => (
          <li key={index}>
            <figure className="gallery-item">
              <a
                className="gallery-open"
                href={mediaUrl(image.src)}
                aria-label={`${image.alt || `Image ${index + 1} of ${count}`}, full size`}
              >
                <Picture image={image} sizes={GALLERY_SIZES} />
              </a>
              {(image.caption || image.credit) && (
                <figcaption>
                  {image.caption}
                  {image.credit && <span className="credit">{image.credit}</span>}
                </figcaption>
              )}
            </figure>
          </li>
        ))}
      </ul>
    </figure>
  );
}
