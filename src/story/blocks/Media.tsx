import { type Media as MediaBlock, mediaUrl } from "../../api/index.ts";
import { STORY_FIGURE_SIZES } from "../../../contract/pictureSources.ts";
import { Picture } from "../../ui/Picture.tsx";
import { clockDuration, formatName, isoDuration } from "../mediaFacts.ts";

/**
 * A video or audio file with the browser's own controls. Nothing of the file is fetched until
 * the reader presses play (`preload="none"`, no autoplay); the poster holds the video's size
 * from the first paint. Captions are offered, not switched on.
 */
export function Media({ media }: { media: MediaBlock }) {
  const { kind, poster, sources, captions, title, duration } = media;
  const tracks = captions.map((track) => ({ ...track, src: mediaUrl(track.src) }));
  // A captions file from another origin is read only through CORS, and then so is the media.
  const crossOrigin = tracks.some((track) => /^https?:/i.test(track.src)) ? "anonymous" : undefined;
  const children = (
    <>
      {sources.map((source) => (
        <source key={source.src} src={mediaUrl(source.src)} type={source.type} />
      ))}
      {tracks.map((track) => (
        <track key={track.src} kind="captions" src={track.src} srcLang={track.language} label={track.label} />
      ))}
    </>
  );
  const first = sources[0];
  return (
    <figure className={`media media-${kind}`}>
      {kind === "video" ? (
        // biome-ignore lint/a11y/useMediaCaption: the captions track is in children, when the source gives one.
        <video
          controls
          preload="none"
          poster={poster ? mediaUrl(poster.src) : undefined}
          width={poster?.width}
          height={poster?.height}
          crossOrigin={crossOrigin}
          aria-label={title}
        >
          {children}
        </video>
      ) : (
        <>
          {poster && <Picture image={poster} sizes={STORY_FIGURE_SIZES} />}
          {/* biome-ignore lint/a11y/useMediaCaption: the captions track is in children, when the source gives one. */}
          <audio controls preload="none" crossOrigin={crossOrigin} aria-label={title}>
            {children}
          </audio>
        </>
      )}
      <figcaption>
        {title && <span className="media-title">{title}</span>}
        <span className="media-facts">
          {kind === "video" ? "Video" : "Audio"}
          {duration !== undefined && (
            <>
              {" · "}
              <time dateTime={isoDuration(duration)}>{clockDuration(duration)}</time>
            </>
          )}
          {first && ` · ${formatName(first.type)}`}
        </span>
      </figcaption>
    </figure>
  );
}
