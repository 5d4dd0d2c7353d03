// A child process of `import-photos`: runs the enrollment quality gate on photo files
// it is sent ({ id, file }) and answers { id, verdict }. One per core.
import fs from "node:fs";
import { assessPhoto } from "@/lib/face/node";

process.on("message", async (msg: { id: number; file: string }) => {
  try {
    const verdict = await assessPhoto(fs.readFileSync(msg.file));
    const face = verdict.face && {
      descriptor: Array.from(verdict.face.descriptor),
      score: verdict.face.score,
      faceWidth: verdict.face.box.width,
    };
    process.send!({
      id: msg.id,
      ok: verdict.ok,
      reason: verdict.ok ? null : verdict.reason,
      message: verdict.ok ? null : verdict.message,
      face,
    });
  } catch (e) {
    process.send!({ id: msg.id, ok: false, reason: "error", message: (e as Error).message, face: null });
  }
});
process.send!({ ready: true });
