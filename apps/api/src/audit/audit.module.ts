import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

/** The auditors' window on the trail: search, integrity check, checkpoints, export, and the public key. */
@Module({ controllers: [AuditController], providers: [AuditService] })
export class AuditModule {}
