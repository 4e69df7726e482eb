// Karma for the console's specs: headless Debian Chromium. As root Chromium needs --no-sandbox; the other
// flags stop it from dialling out on a closed network.
module.exports = function (config) {
  config.set({
    basePath: "",
    frameworks: ["jasmine"],
    plugins: [require("karma-jasmine"), require("karma-chrome-launcher")],
    client: { jasmine: { random: true }, clearContext: false },
    browsers: ["ChromeHeadlessCI"],
    customLaunchers: {
      ChromeHeadlessCI: {
        base: "ChromeHeadless",
        flags: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-quic",
        ],
      },
    },
    reporters: ["progress"],
    colors: false,
    singleRun: true,
    autoWatch: false,
    browserNoActivityTimeout: 120000,
    captureTimeout: 120000,
  });
};
