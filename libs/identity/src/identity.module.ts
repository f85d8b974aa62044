import { AppConfig } from '@app/common';
import { Module } from '@nestjs/common';
import { createSecretKey } from 'crypto';
import { JwtModule } from '@nestjs/jwt';
import { AuthService } from './auth.service';
import { LoginAttempts } from './login-attempts';
import { UnitDirectory } from './unit-directory.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not a string: given a string, jsonwebtoken first tries (and fails) to parse it
        // as a public key on every verify, about a third of a millisecond per request.
        secret: createSecretKey(Buffer.from(config.JWT_SECRET)) as unknown as string,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [AuthService, UnitDirectory, LoginAttempts],
  exports: [AuthService, UnitDirectory],
})
export class IdentityModule {}
