-- AlterTable
ALTER TABLE "Kiosk" ADD COLUMN "recognitionPausedAt" DATETIME;
ALTER TABLE "Kiosk" ADD COLUMN "recognitionPausedReason" TEXT;
