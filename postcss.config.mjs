// Tailwind through PostCSS, as Next builds CSS.
const config = { plugins: { "@tailwindcss/postcss": {} } };
export default config;
