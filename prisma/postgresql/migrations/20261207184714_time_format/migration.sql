-- AlterTable
ALTER TABLE "SchoolSettings" ADD COLUMN     "timeFormat" TEXT NOT NULL DEFAULT '24h';
