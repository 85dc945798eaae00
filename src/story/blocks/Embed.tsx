import { useEffect, useId, useRef, useState } from "react";
import { type Embed as EmbedBlock, isOnApiOrigin } from "../../api/index.ts";
import { playerAddress } from "../../../contract/embedPlayers.ts";
import { STORY_FIGURE_SIZES } from "../../../contract/pictureSources.ts";
import { ActionButton } from "../../ui/ActionButton.tsx";
import { Picture } from "../../ui/Picture.tsx";

const PROVIDER_NAMES: Record<string, string> = {
  youtube: "YouTube",
  vimeo: "Vimeo",
  x: "X",
  twitter: "X",
  instagram: "Instagram",
  tiktok: "TikTok",
  facebook: "Facebook",
  threads: "Threads",
  bluesky: "Bluesky",
  mastodon: "Mastodon",
  linkedin: "LinkedIn",
  reddit: "Reddit",
  soundcloud: "SoundCloud",
  spotify: "Spotify",
  flickr: "Flickr",
};

/** A provider as readers know it: youtube → YouTube; one we do not know, as the source wrote it. */
export function providerName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? provider;
}

/**
 * A post or video from another platform, as a card in the site's own style: who said it, where,
 * in their words, and a link to the original. Nothing is asked of the platform until the reader
 * does: a video's player is loaded (a sandboxed frame the CSP allows for that provider only)
 * when they press "Load the video", which until the app runs is a link to the video itself. A thumbnail is drawn only from the API's own origin; one
 * on the platform's servers would be a request to it before the reader asked.
 */
export function Embed({ embed }: { embed: EmbedBlock }) {
  const [playing, setPlaying] = useState(false);
  const player = useRef<HTMLIFrameElement>(null);
  const noteId = useId();
  const name = providerName(embed.provider);
  const playerSrc = playerAddress(embed.provider, embed.url);
  const thumbnail = embed.thumbnail && isOnApiOrigin(embed.thumbnail.src) ? embed.thumbnail : undefined;

  // The button the reader pressed is gone; the player takes its focus.
  useEffect(() => {
    if (playing) player.current?.focus();
  }, [playing]);

  return (
    <figure className={`embed${playerSrc ? " embed-video" : ""}`}>
      <p className="embed-provider">{name}</p>
      {playerSrc ? (
        <div className="embed-frame">
          {playing ? (
            <iframe
              ref={player}
              src={playerSrc}
              title={`${embed.title ?? "Video"} (${name})`}
              sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
              allow="autoplay; encrypted-media; fullscreen; picture-in-picture"
              allowFullScreen
            />
          ) : (
            <>
              {thumbnail && <Picture image={thumbnail} sizes={STORY_FIGURE_SIZES} decorative />}
              <ActionButton
                href={embed.url}
                className="button embed-load"
                describedBy={noteId}
                onAct={() => setPlaying(true)}
              >
                Load the video
              </ActionButton>
            </>
          )}
        </div>
      ) : (
        thumbnail && <Picture image={thumbnail} sizes={STORY_FIGURE_SIZES} />
      )}
      {embed.title && <p className="embed-title">{embed.title}</p>}
      {embed.text && (
        <blockquote cite={embed.url}>
          <p>{embed.text}</p>
        </blockquote>
      )}
      <figcaption>
        {embed.author && (
          <>
            <cite>{embed.author}</cite> on {name}
            {" · "}
          </>
        )}
        <a href={embed.url} target="_blank" rel="noopener noreferrer">
          {playerSrc ? `Watch on ${name}` : `View on ${name}`}
        </a>
        {playerSrc && !playing && (
          <span id={noteId} className="embed-note">
            Loading the video here connects to {name}.
          </span>
        )}
      </figcaption>
    </figure>
  );
}
