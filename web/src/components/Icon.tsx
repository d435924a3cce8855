/** A few line icons (24×24, stroked in the current colour); decorative, so hidden from screen readers. */

const paths = {
  automation: 'M13 2 4 14h7l-1 8 9-12h-7l1-8z',
  workflow: 'M6 3v6m0 6v6M6 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zm12-6a3 3 0 1 0 0 6 3 3 0 0 0 0-6zm0 6v2a4 4 0 0 1-4 4H9',
  runs: 'M5 3l14 9-14 9V3z',
  alert: 'M12 3 2 20h20L12 3zm0 6v5m0 3v.5',
  recommendation: 'M12 2l8 3v6c0 5-3.5 9-8 11-4.5-2-8-6-8-11V5l8-3zm-3.5 10 2.5 2.5 4.5-5',
  compliance: 'M4 4h11l5 5v11H4V4zm11 0v5h5M8 13h8M8 17h5',
  policy: 'M3 7h18M3 12h18M3 17h12',
  access: 'M15 7a4 4 0 1 1-3.5 6L4 20.5V17h3v-3h3l1.5-1.5A4 4 0 0 1 15 7zm1.5 1.5h.01',
  schemas: 'M8 3H6a2 2 0 0 0-2 2v4l-2 3 2 3v4a2 2 0 0 0 2 2h2m8-18h2a2 2 0 0 1 2 2v4l2 3-2 3v4a2 2 0 0 1-2 2h-2',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16 }: { readonly name: IconName; readonly size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={paths[name]} />
    </svg>
  );
}
