// Stand-in for `sharp`: transformers.js imports it for image pipelines, which this extension never
// uses; bundling the real package would ship a native binary for nothing.
module.exports = function sharp() {
  throw new Error('image processing is not available in Attention Lens');
};
