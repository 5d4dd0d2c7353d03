// A database handle: the client, or a transaction's (lib functions accept either).
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export type Db = PrismaClient | Prisma.TransactionClient;
