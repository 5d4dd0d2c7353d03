-- AlterTable
ALTER TABLE "CheckInAttempt" ADD COLUMN     "classId" TEXT,
ADD COLUMN     "slotStartsAt" TIMESTAMP(3),
ADD COLUMN     "studentId" TEXT;

-- Attempts name their meeting from now on; earlier ones take it from their session.
UPDATE "CheckInAttempt" a SET "classId" = s."classId", "slotStartsAt" = s."startsAt" FROM "ClassSession" s WHERE s."id" = a."sessionId";

-- Challenges live 12 s: the ones open during the upgrade are dropped (the kiosk asks again).
DELETE FROM "LivenessChallenge";

-- AlterTable
ALTER TABLE "LivenessChallenge" DROP COLUMN "sessionId",
ADD COLUMN     "classId" TEXT NOT NULL,
ADD COLUMN     "slotStartsAt" TIMESTAMP(3) NOT NULL;

-- CreateIndex
CREATE INDEX "CheckInAttempt_classId_slotStartsAt_idx" ON "CheckInAttempt"("classId", "slotStartsAt");

-- CreateIndex
CREATE INDEX "CheckInAttempt_studentId_createdAt_idx" ON "CheckInAttempt"("studentId", "createdAt");

-- AddForeignKey
ALTER TABLE "CheckInAttempt" ADD CONSTRAINT "CheckInAttempt_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;
