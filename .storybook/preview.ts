/// <reference types="vite/client" />
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';

/**
 * Autodocs read the custom-elements manifest (attributes, properties, events, slots, CSS parts and
 * custom properties from each class's JSDoc). `npm run build-storybook` (and `npm run build`)
 * generate it first; a glob, so a Storybook started before any build still opens.
 */
const manifests = import.meta.glob<{ default: object }>('../packages/components/dist/custom-elements.json', { eager: true });
const manifest = Object.values(manifests)[0]?.default;
if (manifest) setCustomElementsManifest(manifest);

/**
 * Mock Service Worker for every story (msw-storybook-addon 3, CSF 3 API): the loader starts the
 * worker once (it serves /mockServiceWorker.js from .storybook/public), resets handlers between
 * stories and applies the story's `parameters.msw.handlers`.
 *
 * Global `lang` toolbar (fr/en): stories pass it to <coord-provider lang>, and it is set on
 * <html lang> so a standalone element (which reads the closest [lang]) follows it too. Storybook's
 * iframe ships with <html lang="en">, which would otherwise make standalone elements English.
 */
const preview: Preview = {
  loaders: [mswLoader()],
  globalTypes: {
    lang: {
      description: 'Component language',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'fr', title: 'Français', right: 'fr' },
          { value: 'en', title: 'English', right: 'en' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { lang: 'fr' },
  decorators: [
    (story, { globals }) => {
      document.documentElement.lang = typeof globals.lang === 'string' ? globals.lang : 'fr';
      return story();
    },
  ],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
