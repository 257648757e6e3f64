/** @module The field type for each step type (what the engine uses to parse answers). */
import type { FieldRegistry } from '../engine/turn.ts';
import { addressField } from './address-field.ts';
import { cccdField } from './cccd-field.ts';
import { choiceField } from './choice-field.ts';
import { dateField } from './date-field.ts';
import { emailField } from './email-field.ts';
import { locationField } from './location-field.ts';
import { nameField } from './name-field.ts';
import { numberField } from './number-field.ts';
import { phoneField } from './phone-field.ts';
import { photoField } from './photo-field.ts';
import { textField } from './text-field.ts';
import { yesnoField } from './yesno-field.ts';

export const fieldRegistry: FieldRegistry = {
  text: textField,
  name: nameField,
  number: numberField,
  date: dateField,
  cccd: cccdField,
  phone: phoneField,
  email: emailField,
  choice: choiceField,
  yesno: yesnoField,
  photo: photoField,
  location: locationField,
  address: addressField,
};
