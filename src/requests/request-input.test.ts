// The application form's messages (Art. 29): a field left blank (the portal form leaves blanks out, the API may omit
// them) gets the form's own Chinese message, never zod's "期望 string，实际接收 undefined", and one submission shows
// the identity and contact problems of Art. 29(一) together with the missing name and description.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InvalidInput } from '../errors.ts';
import { parseInput } from '../platform/validation.ts';
import { applicationSchema, registrationSchema } from './request-input.ts';

function fieldsOf(schema: ReturnType<typeof applicationSchema> | ReturnType<typeof registrationSchema>, raw: unknown): Record<string, string> {
  try {
    parseInput(schema, raw);
  } catch (e) {
    return (e as InvalidInput).fields;
  }
  assert.fail('the input was accepted');
}

describe('application input messages', () => {
  it('an empty natural-person form lists every missing item with its own message at once', () => {
    const fields = fieldsOf(applicationSchema('2026-11-27'), { agency: 'gskjt', applicant: { kind: 'natural_person' } });
    assert.deepEqual(fields, {
      'applicant.name': '请填写申请人姓名或名称',
      description: '请描述所需政府信息（名称、文号或便于查询的特征性描述）',
      'applicant.idType': '请选择证件类型',
      'applicant.idNumber': '请填写证件号码',
      'applicant.phone': '请至少填写一种联系方式（电话、电子邮箱或通信地址）',
    });
  });

  it('an organisation without name gets the credit-code and contact messages in the same answer (staff registration too)', () => {
    const fields = fieldsOf(registrationSchema('2026-11-27'), { agency: 'gskjt', channel: 'in_person', description: '请公开项目清单', applicant: { kind: 'commercial', phone: '0931-1234567' } });
    assert.deepEqual(fields, {
      'applicant.name': '请填写申请人姓名或名称',
      'applicant.creditCode': '请填写统一社会信用代码',
      'applicant.contactName': '请填写联系人姓名',
    });
  });

  it('a malformed applicant block (wrong types) gets type messages only, without running the Art. 29(一) checks on it', () => {
    const fields = fieldsOf(applicationSchema(), { agency: 'gskjt', description: '请公开项目清单', applicant: { kind: 'natural_person', name: '张三', idNumber: 12345 } });
    assert.deepEqual(Object.keys(fields), ['applicant.idNumber']);
    assert.doesNotMatch(fields['applicant.idNumber'], /证件号码格式|请选择/);
    assert.deepEqual(Object.keys(fieldsOf(applicationSchema(), { agency: 'gskjt', description: '请公开项目清单', applicant: 'x' })), ['applicant']);
  });
});
