-- AlterTable
ALTER TABLE "InviteLink" ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'invite';
