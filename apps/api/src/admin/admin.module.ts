import { Module } from '@nestjs/common';
import { AdminJobsController } from './admin-jobs.controller.js';
import { AdminJobsService } from './admin-jobs.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({ controllers: [AdminJobsController, UsersController], providers: [AdminJobsService, UsersService] })
export class AdminModule {}
