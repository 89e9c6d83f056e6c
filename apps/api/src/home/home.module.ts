import { Module } from '@nestjs/common';
import { RequestsModule } from '../requests/requests.module.js';
import { HomeController } from './home.controller.js';
import { HomeService } from './home.service.js';

/** Each role's home page: what awaits the caller, counted over their scope. */
@Module({ imports: [RequestsModule], controllers: [HomeController], providers: [HomeService] })
export class HomeModule {}
