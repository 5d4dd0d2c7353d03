// `npm run cli -- <command>`: everything a school's IT person scripts.
import { main } from "@/cli/main";

process.exitCode = await main(process.argv.slice(2));
