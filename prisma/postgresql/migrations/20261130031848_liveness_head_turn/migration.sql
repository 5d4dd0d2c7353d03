-- CreateEnum
CREATE TYPE "LivenessMode" AS ENUM ('OFF', 'HEAD_TURN');

-- AlterEnum
ALTER TYPE "AttemptOutcome" ADD VALUE 'LIVENESS_FAILED';

-- AlterTable
ALTER TABLE "Class" ADD COLUMN     "liveness" "LivenessMode";

-- AlterTable
ALTER TABLE "AttendanceRecord" ADD COLUMN     "headTurn" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "SchoolSettings" ADD COLUMN     "liveness" "LivenessMode" NOT NULL DEFAULT 'OFF';

-- CreateTable
CREATE TABLE "LivenessChallenge" (
    "id" TEXT NOT NULL,
    "kioskId" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "distance" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LivenessChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LivenessChallenge_kioskId_trackId_idx" ON "LivenessChallenge"("kioskId", "trackId");

-- CreateIndex
CREATE INDEX "LivenessChallenge_expiresAt_idx" ON "LivenessChallenge"("expiresAt");
