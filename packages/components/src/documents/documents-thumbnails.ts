import type { ReactiveControllerHost } from 'lit';
import { trackCache } from '@coord/api-client';
import type { MediaItem } from '../base/media-viewer.ts';

/** Images larger than this are not thumbnailed (the viewer still opens them). */
export const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;
/** At most this many thumbnails load at once. */
const PARALLEL = 3;

/**
 * Thumbnails of image documents for the grid: loaded on first render of their card through the
 * scoped client (token only to the FHIR server; content on another server is never fetched), a
 * few at a time, kept as `blob:` URLs until the patient changes or the element leaves the page.
 */
export class ThumbnailCache {
  private readonly urls = new Map<string, string | null>();
  private readonly queue: { key: string; load: (signal: AbortSignal) => Promise<Blob> }[] = [];
  private running = 0;
  private controller = new AbortController();

  constructor(private readonly host: ReactiveControllerHost) {
    // A purge (sign-out) revokes the thumbnails' object URLs too.
    trackCache(this);
  }

  /** The thumbnail URL of an image document, starting its load when needed; undefined until then. */
  get(item: MediaItem | undefined, size: number | undefined): string | undefined {
    if (!item?.load || !item.contentType?.startsWith('image/')) return undefined;
    if (size !== undefined && size > MAX_THUMBNAIL_BYTES) return undefined;
    const known = this.urls.get(item.key);
    if (known !== undefined) return known ?? undefined;
    this.urls.set(item.key, null); // asked once, whatever happens
    this.queue.push({ key: item.key, load: item.load });
    this.pump();
    return undefined;
  }

  /** The thumbnail URL if it is loaded, without starting a load (a row far from the view). */
  peek(item: MediaItem | undefined): string | undefined {
    return (item && this.urls.get(item.key)) ?? undefined;
  }

  /** Drops every thumbnail (a patient or viewer switch, or the element leaving the page). */
  clear(): void {
    this.controller.abort();
    this.controller = new AbortController();
    for (const url of this.urls.values()) if (url) URL.revokeObjectURL(url);
    this.urls.clear();
    this.queue.length = 0;
    this.running = 0;
  }

  private pump(): void {
    while (this.running < PARALLEL && this.queue.length) {
      const job = this.queue.shift()!;
      const { signal } = this.controller;
      this.running++;
      job
        .load(signal)
        .then((blob) => {
          if (signal.aborted || !blob.type.startsWith('image/')) return;
          this.urls.set(job.key, URL.createObjectURL(blob));
          this.host.requestUpdate();
        })
        .catch(() => undefined) // no thumbnail: the card keeps its icon
        .finally(() => {
          if (signal.aborted) return;
          this.running--;
          this.pump();
        });
    }
  }
}
