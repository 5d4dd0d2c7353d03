// Runs after `npm install` / `npm ci`: puts the face models and the tfjs wasm binaries
// where the app serves them (copied from npm packages: nothing is fetched from a CDN),
// and generates the Prisma client.
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";

const root = path.resolve(import.meta.dirname, "..");
const nm = path.join(root, "node_modules");

// face-api's four networks: two detectors, 68 landmarks, the 128-d descriptor.
const MODELS = ["ssd_mobilenetv1_model", "tiny_face_detector_model", "face_landmark_68_model", "face_recognition_model"];

function copy(from, toDir, name) {
  fs.mkdirSync(toDir, { recursive: true });
  fs.copyFileSync(path.join(from, name), path.join(toDir, name));
}

const modelSrc = path.join(nm, "@vladmandic/face-api/model");
for (const m of MODELS) {
  copy(modelSrc, path.join(root, "public/models"), `${m}-weights_manifest.json`);
  copy(modelSrc, path.join(root, "public/models"), `${m}.bin`);
}
// BlazeFace (the kiosk's detector): only its two files from @vladmandic/human, not Human's runtime.
for (const f of ["blazeface.json", "blazeface.bin"]) copy(path.join(nm, "@vladmandic/human/models"), path.join(root, "public/models"), f);
const wasmSrc = path.join(nm, "@tensorflow/tfjs-backend-wasm/dist");
for (const f of fs.readdirSync(wasmSrc).filter((f) => f.endsWith(".wasm"))) copy(wasmSrc, path.join(root, "public/tfjs"), f);
console.log(`rollcall: face models in public/models, tfjs wasm in public/tfjs`);

// Prisma's CLI wants a native schema engine path even for `generate`, which does not use it;
// any existing file satisfies it and keeps the CLI from downloading one.
// One client per provider: SQLite's from prisma/schema.prisma, PostgreSQL's from the schema
// generated from it (lib/db/provider.ts).
for (const schema of ["prisma/schema.prisma", "prisma/postgresql/schema.prisma"])
  execFileSync(process.execPath, [path.join(nm, "prisma/build/index.js"), "generate", "--schema", schema], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, "package.json"), PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
