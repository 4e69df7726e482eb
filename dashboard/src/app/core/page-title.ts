/** The document title of a console page (what a screen reader announces on navigation, and the browser tab). */
export const pageTitle = (page: string): string => `${page} · Passkeys for Cognito`;
