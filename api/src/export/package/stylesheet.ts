/**
 * The book's stylesheet. Written for reflowable reading systems that let the reader choose fonts,
 * sizes and themes (Apple Books, Kobo, Thorium): relative units only, no colours (night modes
 * recolour text), no fixed positions, and rules that each engine honours — including Kobo's and older
 * Adobe engines, which ignore generated content, so the scene break is a short rule, not an ornament.
 */
export const BOOK_STYLESHEET = `@charset "UTF-8";

body {
  font-family: Georgia, "Palatino Linotype", Palatino, "Times New Roman", serif;
  line-height: 1.45;
  margin: 0 4%;
  widows: 2;
  orphans: 2;
}

h1, h2, h3, h4, h5, h6 {
  font-weight: normal;
  line-height: 1.25;
  -webkit-hyphens: none;
  hyphens: none;
  page-break-after: avoid;
  break-after: avoid;
}
h1 { font-size: 1.7em; text-align: center; margin: 2.5em 0 1.5em; }
h2 { font-size: 1.3em; margin: 2em 0 0.8em; }
h3 { font-size: 1.1em; font-style: italic; margin: 1.6em 0 0.6em; }
h4 { font-size: 1em; font-variant: small-caps; letter-spacing: 0.05em; margin: 1.4em 0 0.5em; }

p {
  margin: 0;
  text-indent: 1.5em;
  -webkit-hyphens: auto;
  hyphens: auto;
}

/* The first paragraph after a heading, a break or a set-off block starts flush left, as in print. */
h1 + p, h2 + p, h3 + p, h4 + p, h5 + p, h6 + p,
hr + p, figure + p, blockquote + p, div + p, ul + p, ol + p, table + p, pre + p,
section > p:first-child, li > p, td p, th p, blockquote p:first-child {
  text-indent: 0;
}

hr.scene-break {
  border: none;
  border-top: 1px solid;
  width: 20%;
  margin: 1.5em auto;
  height: 0;
}

.small-caps { font-variant: small-caps; letter-spacing: 0.03em; }
.underline { text-decoration: underline; }
code, pre { font-family: "Courier New", Courier, monospace; font-size: 0.9em; }
pre { white-space: pre-wrap; margin: 1em 0; }

blockquote { margin: 1em 2em; }

.epigraph { margin: 2em 8% 2em 20%; }
.epigraph blockquote { margin: 0; font-style: italic; }
.epigraph .attribution { text-align: right; text-indent: 0; margin-top: 0.5em; }

ul, ol { margin: 1em 0; padding-left: 2em; }
li { margin: 0.2em 0; }

figure {
  margin: 1.5em 0;
  text-align: center;
  page-break-inside: avoid;
  break-inside: avoid;
}
figure img { max-width: 100%; height: auto; }
img { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; font-style: italic; margin-top: 0.5em; text-indent: 0; }
figcaption .credit { font-style: normal; font-size: 0.9em; }

table { border-collapse: collapse; margin: 1.2em auto; font-size: 0.95em; }
th, td { border: 1px solid; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { font-weight: bold; }

a.noteref {
  vertical-align: super;
  font-size: 0.7em;
  line-height: 0;
  text-decoration: none;
  padding: 0 0.1em;
}
aside.footnote { font-size: 0.85em; margin: 1em 0 0; }
aside.footnote p { text-indent: 0; }

nav ol { list-style-type: none; padding-left: 1.2em; }
nav > ol { padding-left: 0; }
nav li { margin: 0.4em 0; }

.cover { margin: 0; padding: 0; text-align: center; }
.cover img { max-width: 100%; max-height: 95vh; }
`;
