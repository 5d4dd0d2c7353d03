-- AlterTable
ALTER TABLE "Kiosk" ADD COLUMN "engineBackend" TEXT;
ALTER TABLE "Kiosk" ADD COLUMN "engineMode" TEXT;
