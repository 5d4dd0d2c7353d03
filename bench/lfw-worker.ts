// A child process of bench/lfw.ts: describes LFW photos with the enrollment pipeline,
// optionally resized first (face-size study), and answers with the labelled face.
import sharp from "sharp";
import { describeImage } from "@/lib/face/node";

type Job = { id: number; file: string; scale: number };

process.on("message", async (job: Job) => {
  try {
    let input: Buffer | string = job.file;
    if (job.scale !== 1) {
      const meta = await sharp(job.file).metadata();
      const size = Math.max(8, Math.round(meta.width! * job.scale));
      input = await sharp(job.file)
        .resize(size, size, { kernel: job.scale < 1 ? "lanczos3" : "cubic" })
        .png()
        .toBuffer();
    }
    const faces = await describeImage(input);
    const side = job.scale === 1 ? 250 : Math.max(8, Math.round(250 * job.scale));
    // LFW centres the labelled person: take the face nearest the centre, not the largest.
    const centre = side / 2;
    const labelled = faces
      .map((f) => ({ f, d: Math.hypot(f.box.x + f.box.width / 2 - centre, f.box.y + f.box.height / 2 - centre) }))
      .sort((a, b) => a.d - b.d)[0]?.f;
    process.send!({
      id: job.id,
      found: !!labelled,
      faces: faces.length,
      width: labelled ? Math.round(labelled.box.width * 10) / 10 : null,
      score: labelled ? Math.round(labelled.score * 1e4) / 1e4 : null,
      descriptor: labelled ? Array.from(labelled.descriptor) : null,
    });
  } catch (e) {
    process.send!({ id: job.id, found: false, faces: 0, width: null, score: null, descriptor: null, error: (e as Error).message });
  }
});
process.send!({ ready: true });
