// dayjs ships types for its CommonJS locales only; the app imports the ES module build (see vite.config.ts).
declare module "dayjs/esm/locale/zh-cn.js";
